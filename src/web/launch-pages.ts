import type { LaunchPages } from '../lti/launch-pages.ts';
import {
  renderNewWindowPage,
  renderStorageCheckPage,
  renderStoragePutPage,
} from './pages/launch-frame/launch-frame.html.ts';
import { errorPage } from './components/layout.html.ts';

/** The pages the LTI layer (login binding, ltijs' refusals) answers with. */
export const launchPages: LaunchPages = {
  errorPage,
  newWindowPage: renderNewWindowPage,
  storagePutPage: renderStoragePutPage,
  storageCheckPage: renderStorageCheckPage,
};
