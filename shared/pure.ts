/**
 * Builds a module-scope value that esbuild may drop from a bundle when nothing reads it. esbuild
 * cannot tell that a zod/mini builder call, a `.check()` or an object with computed keys is free
 * of side effects, so such a value written at module scope stays in every bundle importing its
 * module, used or not. Called with `@__PURE__` at the call site (esbuild does not carry a
 * `@__NO_SIDE_EFFECTS__` declaration over to another module's calls, measured), an unread value
 * is dropped with everything only it pulls in: a Dwolla operation's response schema, a config
 * block and its `z.coerce`.
 *
 * @example
 * ```ts
 * export const failureSchema = /* @__PURE__ *\/ pure(() => z.object({ code: z.string() }));
 * ```
 */
export function pure<T>(build: () => T): T {
  return build();
}
