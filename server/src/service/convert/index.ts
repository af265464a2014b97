/** docker-compose.yml and Heroku Procfile/app.json to convox.yml: the conversion core the server and CLI call. */
export { convertCompose } from './compose';
export { convertProcfile } from './procfile';
export { formatReport } from './report';
export type { ComposeOptions, ConversionNote, ConversionResult, NoteKind, ProcfileOptions, ReadFile } from './types';
