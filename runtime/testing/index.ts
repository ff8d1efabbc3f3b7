/** `nd.testing`: NumPy's assertion helpers. */
export { assertAllclose, AssertionError, type AllcloseOptions } from "./assertAllclose";
