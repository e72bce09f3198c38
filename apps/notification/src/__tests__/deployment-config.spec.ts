import { describeDeploymentConfiguration } from '@app/testing';
import { NotificationEnvironment } from '../notification-environment';

// Fails when a variable the notification service requires is missing from docker-compose.yml or deploy/k8s.
describeDeploymentConfiguration('notification', NotificationEnvironment);
