import type { LocalStackInfo } from '../stack-file.js';
import { apiDocsPages } from './api-docs.js';
import { chainViewPage } from './chain-view.js';
import { connectPage } from './connect-page.js';

/** What a local page is given: the running stack's description and the request's query. */
export interface LocalPageContext {
  readonly stack: LocalStackInfo;
  readonly query: URLSearchParams;
}

/** A rendered local page. */
export interface LocalPageResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * A local-only GET page served by the local gateway (never deployed to AWS).
 *
 * @example
 * ```ts
 * const page: LocalPage = { path: '/', render: async () => ({ status: 200, contentType: 'text/html', body: '<p>hi</p>' }) };
 * ```
 */
export interface LocalPage {
  readonly path: string;
  render(context: LocalPageContext): Promise<LocalPageResult>;
}

/** The registry of local pages; each page module adds its one entry here. */
export const LOCAL_PAGES: LocalPage[] = [chainViewPage, connectPage, ...apiDocsPages];
