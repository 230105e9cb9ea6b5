export { app, type AppOptions, type UploadLimits } from './app.ts';
export { KEY_COOKIE, type AccessLimits, type AccessOptions, type ConfiguredKey } from './auth.ts';
export { DEFAULT_MAX_UPLOAD_FILE_BYTES, loadApiConfig, type ApiConfig } from './config.ts';
export { answerFrameworkError } from './problems.ts';
