import './instrumentation';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { paymentService } from './payment.service-definition';

runService(paymentService);
