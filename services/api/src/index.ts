export { app, type AppOptions, type UploadLimits } from './app.ts';
export { KEY_COOKIE, type AccessLimits, type AccessOptions, type ConfiguredKey } from './auth.ts';
export { DEFAULT_MAX_UPLOAD_FILE_BYTES, loadApiConfig, type ApiConfig } from './config.ts';
export { answerFrameworkError } from './problems.ts';
export { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';
export { ensureFirstAdminKey, reconcileStoredKeys, type StartupKeys } from './first-admin-key.ts';
export { KeyDirectory, LAST_USED_EVERY_MS } from './key-directory.ts';
