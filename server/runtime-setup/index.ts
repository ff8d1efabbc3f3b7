// Making the runtime the fixes import available in the user's project (ARCHITECTURE.md, "runtime-setup"):
// resolve.ts asks whether it resolves, install.ts adds the packed runtime with the project's package
// manager (`package` mode), vendor.ts writes it into the project as one file (`vendor` mode).
export { runtimeAssets, RuntimeAssetsError, type RuntimeAssets } from "./assets";
export { bundleDeclarations, DeclarationBundleError } from "./declarations";
export { InstallError, TARBALL_FOLDER, detectPackageManager, installCommand, installRuntime, type InstallResult, type PackageManager } from "./install";
export { RuntimeResolver, addsRuntimeImport, type RuntimeAvailability } from "./resolve";
export {
  VENDOR_MARKER, declarationFileName, findVendoredRuntimes, isVendoredRuntime, moduleFormatFor, nearestPackageJson,
  relativeSpecifier, vendorRuntime, vendoredFileName, type ModuleFormat, type VendoredRuntime,
} from "./vendor";

/** How arraylint adds the runtime to a project where it does not resolve (`arraylint.runtime.mode`, `--runtime`). */
export type RuntimeMode = "package" | "vendor";
export const RUNTIME_MODES: readonly RuntimeMode[] = ["package", "vendor"];

/** Where vendor mode writes the runtime when nobody picked a folder: src/vendor in a project with src/, else vendor/. */
export function defaultVendorFolder(root: string, exists: (p: string) => boolean): string {
  return exists(`${root}/src`) ? "src/vendor" : "vendor";
}
