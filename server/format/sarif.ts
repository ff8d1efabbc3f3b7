// SARIF 2.1.0 (OASIS) for code-scanning UIs: rule metadata with help URIs (the docs pages in the
// repository), results with regions, and safe fixes as SARIF fixes. Paths under `cwd` are relative
// `uri`s with `uriBaseId` %SRCROOT%, which `originalUriBaseIds` maps to the run's folder.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { isIncompleteNote, type Finding, type RuleMeta, type Severity } from "../engine/index";
import { ruleDocsWebUrl } from "./docs";
import { mergeEdits, type FileReport } from "./report";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: "error", warning: "warning", info: "note", hint: "note",
};

function artifactLocation(filePath: string, cwd: string): Sarif.ArtifactLocation {
  const rel = path.relative(cwd, filePath);
  if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  }
  return { uri: pathToFileURL(filePath).href };
}

function region(f: Finding): Sarif.Region {
  return {
    startLine: f.range.start.line + 1,
    startColumn: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    charOffset: f.start,
    charLength: f.end - f.start,
  };
}

export interface SarifOptions {
  toolVersion: string;
  cwd?: string;
}

export function toSarif(reports: FileReport[], rules: Array<RuleMeta & { docs?: string }>, opts: SarifOptions): Sarif.Log {
  const cwd = opts.cwd ?? process.cwd();
  const descriptors: Sarif.ReportingDescriptor[] = [];
  const indexOf = new Map<string, number>();
  const addRule = (id: string, meta?: RuleMeta & { docs?: string }) => {
    indexOf.set(id, descriptors.length);
    const d: Sarif.ReportingDescriptor = {
      id,
      shortDescription: { text: meta?.summary || id },
      // the docs page in the repository: the same address wherever the log is read (never a local file:// path)
      helpUri: ruleDocsWebUrl(id),
      defaultConfiguration: { level: LEVEL[meta?.defaultSeverity ?? "warning"] },
      properties: { fixability: meta?.fixability ?? "none" },
    };
    if (meta?.docs) d.help = { text: meta.summary || id, markdown: meta.docs };
    descriptors.push(d);
  };
  for (const meta of rules) addRule(meta.id, meta);

  const results: Sarif.Result[] = [];
  for (const r of reports) {
    const location = artifactLocation(r.filePath, cwd);
    for (const f of r.findings) {
      if (!indexOf.has(f.ruleId)) addRule(f.ruleId);
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: indexOf.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(f) } }],
      };
      // measured figures (calibration, profile) ride along as properties
      if (f.profile || f.measured) {
        result.properties = {
          ...(f.profile ? { profileShare: f.profile.share, profileSamples: f.profile.samples } : {}),
          ...(f.measured ? { measuredSpeedup: f.measured.speedup, measuredSpeedupCI: f.measured.ci, measuredAtSize: f.measured.size } : {}),
        };
      }
      const merged = f.fix?.safe ? mergeEdits(r.text, f.fix.edits) : undefined;
      if (f.fix && merged) {
        result.fixes = [
          {
            description: { text: f.fix.title },
            artifactChanges: [
              {
                artifactLocation: location,
                replacements: [
                  {
                    deletedRegion: { charOffset: merged.start, charLength: merged.end - merged.start },
                    insertedContent: { text: merged.text },
                  },
                ],
              },
            ],
          },
        ];
      }
      results.push(result);
    }
  }

  // files the run could not (fully) analyse: SARIF's place for them is the invocation's notifications
  const notifications: Sarif.Notification[] = [];
  for (const r of reports) {
    for (const n of r.notes ?? []) {
      const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: artifactLocation(r.filePath, cwd) };
      if (n.range) {
        physicalLocation.region = { startLine: n.range.start.line + 1, startColumn: n.range.start.character + 1 };
      }
      notifications.push({
        level: n.kind === "generated" ? "note" : n.kind === "syntax-error" ? "error" : "warning",
        message: { text: n.message },
        descriptor: { id: n.kind },
        locations: [{ physicalLocation }],
      });
    }
  }
  const incomplete = reports.some((r) => r.notes?.some(isIncompleteNote));
  const invocation: Sarif.Invocation = { executionSuccessful: !incomplete };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "arraylint",
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd).href.replace(/\/?$/, "/") } },
        columnKind: "utf16CodeUnits",
        invocations: [invocation],
        results,
      },
    ],
  };
}

export function formatSarif(reports: FileReport[], rules: Array<RuleMeta & { docs?: string }>, opts: SarifOptions): string {
  return JSON.stringify(toSarif(reports, rules, opts), null, 2) + "\n";
}
