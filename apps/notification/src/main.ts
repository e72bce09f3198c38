import './instrumentation';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { notificationService } from './notification.service-definition';

runService(notificationService);
