export { app, type AppOptions } from './app.ts';
export { loadApiConfig, type ApiConfig } from './config.ts';
export { distillFlow } from './job-submission.ts';
