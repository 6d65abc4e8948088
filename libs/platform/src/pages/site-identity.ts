import type { NavigationLink } from './page-layout';

/** What a page needs to know about the app serving it. */
export interface SiteIdentity {
  readonly name: string;
  readonly navigation: readonly NavigationLink[];
}

export const SITE = Symbol('SITE');
