import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns any handler error into a generic "Internal server
 * error" object. The consumer needs the real error to decide on retries and to attach
 * it to the dead-letter record, so event handlers' errors are passed through untouched.
 */
@Catch()
export class RethrowEventErrorsFilter implements RpcExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}
