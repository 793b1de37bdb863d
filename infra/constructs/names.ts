/**
 * The construct id of a definition name (`token-refresh` → `TokenRefresh`,
 * `webhookIntake` → `WebhookIntake`): the stack's logical ids are built from it, so it must
 * never change for an existing name.
 *
 * @example
 * ```ts
 * pascal('token-refresh'); // 'TokenRefresh'
 * ```
 */
export function pascal(name: string): string {
  return name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
