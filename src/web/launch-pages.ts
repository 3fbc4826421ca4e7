import type { LaunchPages } from '../lti/launch-pages.ts';
import { renderNewWindowPage, renderStorageCheckPage, renderStoragePutPage } from './pages/launch-frame-pages.ts';
import { errorPage } from './pages/layout.ts';

/** The pages the LTI layer (login binding, ltijs' refusals) answers with. */
export const launchPages: LaunchPages = {
  errorPage,
  newWindowPage: renderNewWindowPage,
  storagePutPage: renderStoragePutPage,
  storageCheckPage: renderStorageCheckPage,
};
