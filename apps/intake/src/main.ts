import './instrumentation';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { intakeService } from './intake.service-spec';

runService(intakeService);
