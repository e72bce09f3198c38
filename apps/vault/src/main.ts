import './instrumentation';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { vaultService } from './vault.service-definition';

runService(vaultService);
