/**
 * The registration pages, one chunk loaded on demand: nominate (focal point), my registration
 * (participant), the secretariat's review queue, the organization contact's confirmations,
 * check-in (secretariat, security) and the invitation page.
 */
export { checkInPage } from './check-in';
export { confirmationsPage } from './confirmations';
export { addressConfirmationPage } from './address-confirmation';
export { invitationPage } from './invitation';
export { myRegistrationPage } from './my-registration';
export { nominatePage } from './nominate';
export { reviewPage } from './review';
export type { RegistrationHooks } from './shared';
