import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/**
 * Lets a stopping service's HTTP server close. `server.close()` waits for every connection to
 * end, and closes only the idle ones; a client that keeps sending on a keep-alive connection
 * keeps it busy for ever, so under steady traffic a SIGTERM'd service never exited (the fault
 * matrix's redelivery storm saw one still answering minutes later; Kubernetes would SIGKILL it
 * after its grace period). Once shutdown begins, every response says `Connection: close`, so
 * each connection ends after the request it is serving, and the idle ones are closed at once.
 */
@Injectable()
export class ConnectionDraining implements BeforeApplicationShutdown {
  private draining = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  readonly middleware = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.draining) response.setHeader('Connection', 'close');
    next();
  };

  beforeApplicationShutdown(): void {
    this.draining = true;
    (this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined)?.closeIdleConnections();
  }
}
