import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * English messages for zod/mini, which ships without a locale. Imported for its effect by every
 * module whose zod messages reach a caller or a log (field errors, configuration errors).
 *
 * Lambda code uses zod/mini, imported as a namespace (`import * as z from 'zod/mini'`): its
 * functions tree-shake, while the classic API attaches every method to every schema (~90 KiB in
 * each bundle), and a named or re-exported `z` defeats tree shaking altogether (~430 KiB).
 *
 * @example
 * ```ts
 * import '../validation/english.js';
 * ```
 */
z.config(en());
