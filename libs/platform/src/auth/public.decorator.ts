import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:public';

/** Opts a route out of authentication. Only probes and API docs use it. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
