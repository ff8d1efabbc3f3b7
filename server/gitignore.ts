// .gitignore rules for the CLI's folder walk (gitignore(5)): comments, `!` negation, `/` anchoring,
// trailing `/` for folders only, `*`, `?`, `[…]` and `**`; the last matching rule wins, and a folder
// that is ignored is not entered (so, as in git, nothing below it can be re-included).
// Global excludes and .git/info/exclude are not read: this is about a project's own ignore files.
import * as fs from "node:fs";
import * as path from "node:path";

interface IgnoreRule {
  /** Folder of the .gitignore the rule came from. */
  base: string;
  pattern: RegExp;
  negated: boolean;
  dirOnly: boolean;
}

/** A gitignore glob body (no leading `!`, no trailing `/`) as a RegExp source over '/'-separated paths. */
function globSource(glob: string): string {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\" && i + 1 < glob.length) {
      re += escape(glob[++i]);
    } else if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
        if (atStart && atEnd) {
          // "**/" any number of folders (zero included); a trailing "/**" everything inside
          if (i + 2 === glob.length) re += ".*";
          else re += "(?:.*/)?";
          i += i + 2 === glob.length ? 1 : 2;
          continue;
        }
      }
      re += "[^/]*";
      while (glob[i + 1] === "*") i++;
    } else if (c === "?") {
      re += "[^/]";
    } else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = close;
      }
    } else {
      re += escape(c);
    }
  }
  return re;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? "\\" + c : c;
}

/** Rules of one .gitignore file's text. */
export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    // trailing spaces are ignored unless escaped
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    let negated = false;
    if (line.startsWith("!")) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith("/")) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (line === "") continue;
    // a slash at the start or in the middle anchors the pattern to the .gitignore's folder
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    const source = (anchored ? "^" : "^(?:.*/)?") + globSource(line) + "$";
    try {
      rules.push({ base, pattern: new RegExp(source), negated, dirOnly });
    } catch {
      // a pattern git would read some other way is skipped rather than failing the walk
    }
  }
  return rules;
}

/** The ignore rules in force in one folder: its own .gitignore on top of its parents'. */
export class GitIgnore {
  private constructor(private readonly rules: readonly IgnoreRule[]) {}

  /** The rules in force at `dir`: every .gitignore from the enclosing git work tree's root down to `dir`. */
  static at(dir: string): GitIgnore {
    const chain: string[] = [];
    let current = path.resolve(dir);
    for (;;) {
      chain.unshift(current);
      if (fs.existsSync(path.join(current, ".git"))) break;
      const parent = path.dirname(current);
      if (parent === current) {
        // not in a git work tree: only the folder's own .gitignore counts
        chain.splice(0, chain.length - 1);
        break;
      }
      current = parent;
    }
    return chain.reduce((acc, d) => acc.enter(d), new GitIgnore([]));
  }

  /** The rules of one .gitignore text whose folder is `base` (tests; the walk uses at() and enter()). */
  static fromText(text: string, base: string): GitIgnore {
    return new GitIgnore(parseGitignore(text, base));
  }

  /** The rules for the folder `dir` (a child of this one): adds dir/.gitignore when there is one. */
  enter(dir: string): GitIgnore {
    const file = path.join(dir, ".gitignore");
    let text: string;
    try {
      if (!fs.statSync(file).isFile()) return this;
      text = fs.readFileSync(file, "utf8");
    } catch {
      return this;
    }
    const added = parseGitignore(text, dir);
    return added.length === 0 ? this : new GitIgnore([...this.rules, ...added]);
  }

  ignores(fullPath: string, isDir: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.dirOnly && !isDir) continue;
      const rel = path.relative(rule.base, fullPath).split(path.sep).join("/");
      if (rel === "" || rel.startsWith("..")) continue;
      if (rule.pattern.test(rel)) ignored = !rule.negated;
    }
    return ignored;
  }
}
