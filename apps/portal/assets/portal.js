// Progressive enhancement only: every page works without this script. It lets
// govuk-frontend move focus to the error summary and make the skip link land.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
