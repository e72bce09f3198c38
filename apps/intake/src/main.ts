import './instrumentation';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { intakeService } from './intake.service-definition';

runService(intakeService);
