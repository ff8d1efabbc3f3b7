// Type queries the rules share: "is this a Float64Array", "is this a number".
// Unresolved types and `any` answer "unknown", so rules simply skip them.
import { Node, type Type } from "ts-morph";

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

/** The numeric container kinds the rules understand. */
export type ArrayKind = TypedArrayName | "number[]" | "number[][]";

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

/** The numeric container kind of a type, or undefined for anything else (strings, objects, any). */
export function arrayKindOfType(type: Type): ArrayKind | undefined {
  if (type.isAny() || type.isUnknown()) return undefined;
  const sym = type.getSymbol() ?? type.getAliasSymbol();
  if (sym && isTypedArrayName(sym.getName())) return sym.getName() as TypedArrayName;
  const elem = arrayElementType(type);
  if (!elem) return undefined;
  if (isNumberType(elem)) return "number[]";
  const inner = arrayElementType(elem);
  if (inner && isNumberType(inner)) return "number[][]";
  return undefined;
}

export function arrayKindOf(node: Node): ArrayKind | undefined {
  try {
    return arrayKindOfType(node.getType());
  } catch {
    return undefined;
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
