// Type queries the rules share: "is this a Float64Array", "is this a number".
// Unresolved types and `any` answer "unknown", so rules simply skip them.
import { Node, ts, type Type } from "ts-morph";

export const TYPED_ARRAY_NAMES = [
  "Float64Array",
  "Float32Array",
  "Int8Array",
  "Int16Array",
  "Int32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Uint16Array",
  "Uint32Array",
] as const;
export type TypedArrayName = (typeof TYPED_ARRAY_NAMES)[number];

/**
 * The numeric container kinds the rules understand. "numeric" is a numeric array whose container
 * is not one concrete type: a union (`number[] | Float64Array`, cheminfo's `NumberArray`),
 * `ArrayLike<number>`, a generic `T extends TypedArray`. Its elements are numbers, but which dtype
 * the runtime would see is unknown, so no fix relies on it. "number[][]" is any array of numeric
 * rows (`number[][]`, `Float64Array[]`).
 */
export type ArrayKind = TypedArrayName | "number[]" | "number[][]" | "numeric";

export function isTypedArrayName(name: string): name is TypedArrayName {
  return (TYPED_ARRAY_NAMES as readonly string[]).includes(name);
}

/** True for `number`, numeric literal types and unions of them (not `any`, not bigint). */
export function isNumberType(type: Type): boolean {
  if (type.isAny() || type.isUnknown()) return false;
  if (type.isNumber() || type.isNumberLiteral()) return true;
  if (type.isUnion()) return type.getUnionTypes().every((t) => t.isNumber() || t.isNumberLiteral());
  // enums of numbers count as numbers too
  if (type.isEnumLiteral() || type.isEnum()) return type.getBaseTypeOfLiteralType().isNumber();
  return false;
}

function arrayElementType(type: Type): Type | undefined {
  if (type.isArray()) return type.getArrayElementType();
  // readonly number[] / ReadonlyArray<number>
  const sym = type.getSymbol();
  if (sym && sym.getName() === "ReadonlyArray") return type.getTypeArguments()[0];
  return undefined;
}

/** Type names of the ES typed arrays' common interfaces (a constraint `T extends TypedArray` of lib or of a library). */
const GENERIC_TYPED_ARRAY = new Set(["TypedArray", "ArrayBufferView"]);

/** The numeric container kind of a type, or undefined for anything else (strings, objects, any). */
export function arrayKindOfType(type: Type, depth = 0): ArrayKind | undefined {
  if (depth > 4 || type.isAny() || type.isUnknown()) return undefined;
  // function f<T extends Float64Array | number[]>(x: T): the constraint says what T holds.
  if (type.isTypeParameter()) {
    const constraint = type.getConstraint();
    return constraint ? arrayKindOfType(constraint, depth + 1) : undefined;
  }
  if (type.isUnion()) {
    // number[] | Float64Array | Float32Array (a `NumberArray`): every member a numeric array.
    // null/undefined members are narrowed away where the code indexes the array.
    const members = type.getUnionTypes().filter((t) => !t.isNull() && !t.isUndefined());
    const kinds = members.map((t) => arrayKindOfType(t, depth + 1));
    if (kinds.length === 0 || kinds.some((k) => k === undefined)) return undefined;
    const distinct = new Set(kinds);
    if (distinct.size === 1) return kinds[0];
    return kinds.includes("number[][]") ? undefined : "numeric";
  }
  if (type.isIntersection()) {
    // Float64Array & { brand: 1 }: the array member decides.
    const kinds = type.getIntersectionTypes().map((t) => arrayKindOfType(t, depth + 1)).filter((k) => k !== undefined);
    return kinds.length === 1 ? kinds[0] : undefined;
  }
  const sym = type.getSymbol() ?? type.getAliasSymbol();
  const name = sym?.getName();
  if (name && isTypedArrayName(name)) return name;
  // ArrayLike<number>: indexable numbers of unknown container.
  if (name === "ArrayLike" && type.getTypeArguments().length === 1 && isNumberType(type.getTypeArguments()[0])) return "numeric";
  if (name && GENERIC_TYPED_ARRAY.has(name)) return "numeric";
  const elem = arrayElementType(type);
  if (!elem) return undefined;
  if (isNumberType(elem)) return "number[]";
  // number[][], Float64Array[], NumberArray[]: rows of numbers.
  const row = arrayKindOfType(elem, depth + 1);
  if (row !== undefined && row !== "number[][]") return "number[][]";
  return undefined;
}

/**
 * Names of numeric-array type aliases that libraries declare and that often do not resolve where
 * the code is analysed (cheminfo-types' `NumberArray`/`DoubleArray`, tfjs's `TypedArray`/`DataValues`):
 * an annotation with such a name is evidence that the value is a numeric array even when its type
 * is `any` to the checker.
 */
const NUMERIC_ARRAY_ALIAS = /^(?:Number|Double|Float|Float32|Float64|Int|Typed|Numeric|Real|Data)Array(?:Like)?$|^DataValues$/;

/** The annotation of an unresolved numeric-array alias (`a: NumberArray` where cheminfo-types is missing). */
export function unresolvedNumericAlias(type: Type): string | undefined {
  if (!type.isAny()) return undefined;
  const alias = type.getAliasSymbol()?.getName();
  return alias && NUMERIC_ARRAY_ALIAS.test(alias) ? alias : undefined;
}

export function arrayKindOf(node: Node): ArrayKind | undefined {
  try {
    const type = node.getType();
    const kind = arrayKindOfType(type);
    if (kind !== undefined || type.isAny()) return kind;
    // Array<NumberArrayType<C>> with C a type parameter: a conditional or indexed generic type, read through its constraint
    const checker = node.getProject().getTypeChecker().compilerObject;
    const widened = constraintKind(type, checker);
    return widened;
  } catch {
    return undefined;
  }
}

/** The kind of a generic type (`NumberArrayType<C>`, `Array<InstanceType<C>>`) through the checker's base constraint. */
function constraintKind(type: Type, checker: ts.TypeChecker, depth = 0): ArrayKind | undefined {
  if (depth > 2) return undefined;
  const compiler = type.compilerType;
  const base = checker.getBaseConstraintOfType(compiler);
  if (base && base !== compiler) {
    const kind = arrayKindOfCompilerType(base, checker);
    if (kind) return kind;
  }
  // Array<G> with G generic: rows of numbers when G's constraint is numeric
  const elem = type.isArray() ? type.getArrayElementType() : undefined;
  if (elem) {
    const row = arrayKindOfType(elem) ?? constraintKind(elem, checker, depth + 1);
    if (row !== undefined && row !== "number[][]") return "number[][]";
  }
  return undefined;
}

function arrayKindOfCompilerType(t: ts.Type, checker: ts.TypeChecker): ArrayKind | undefined {
  // ts-morph wraps compiler types lazily; the union/array/symbol checks below mirror arrayKindOfType
  const name = t.getSymbol()?.getName() ?? t.aliasSymbol?.getName();
  if (name && isTypedArrayName(name)) return name;
  if (t.isUnion()) {
    const kinds = t.types.filter((m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))).map((m) => arrayKindOfCompilerType(m, checker));
    if (kinds.length === 0 || kinds.some((k) => k === undefined)) return undefined;
    return new Set(kinds).size === 1 ? kinds[0] : kinds.includes("number[][]") ? undefined : "numeric";
  }
  if (checker.isArrayType(t)) {
    const elem = checker.getTypeArguments(t as ts.TypeReference)[0];
    if (elem && elem.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return "number[]";
    const row = elem ? arrayKindOfCompilerType(checker.getBaseConstraintOfType(elem) ?? elem, checker) : undefined;
    if (row !== undefined && row !== "number[][]") return "number[][]";
  }
  return undefined;
}

/** `boolean` or a boolean literal type (a flag such as `strict`). */
export function isBooleanNode(node: Node): boolean {
  try {
    const t = node.getType();
    return t.isBoolean() || t.isBooleanLiteral();
  } catch {
    return false;
  }
}

export function isNumberNode(node: Node): boolean {
  try {
    return isNumberType(node.getType());
  } catch {
    return false;
  }
}

export function isTypedArrayKind(kind: ArrayKind | undefined): kind is TypedArrayName {
  return kind !== undefined && isTypedArrayName(kind);
}

/** Short type text for bench specs: "Float64Array" rather than "Float64Array<ArrayBuffer>". */
export function benchTypeText(node: Node): string {
  const kind = arrayKindOf(node);
  if (kind) return kind;
  try {
    const type = node.getType();
    if (isNumberType(type)) return "number";
    return type.getText(node);
  } catch {
    return "unknown";
  }
}

/**
 * The checker knows nothing about the values: `any` (an untyped JS parameter, an unresolved import),
 * `unknown`, or an array of them (`new Array(n)` in JavaScript is `any[]`).
 */
export function isUntyped(node: Node): boolean {
  try {
    let t = node.getType();
    for (let depth = 0; depth < 3 && t.isArray(); depth++) t = t.getArrayElementType()!;
    return t.isAny() || t.isUnknown();
  } catch {
    return false;
  }
}

/** A scalar the checker knows nothing about: `any` or `unknown` itself (not `any[]`, which is an array). */
export function isUntypedScalar(node: Node): boolean {
  try {
    const t = node.getType();
    return t.isAny() || t.isUnknown();
  } catch {
    return false;
  }
}

/** `unresolvedNumericAlias` of a node's type. */
export function unresolvedNumericAliasOf(node: Node): string | undefined {
  try {
    return unresolvedNumericAlias(node.getType());
  } catch {
    return undefined;
  }
}
