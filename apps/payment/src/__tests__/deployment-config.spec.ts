import { describeDeploymentConfiguration } from '@app/testing';
import { PaymentEnvironment } from '../payment-environment';

// Fails when a variable the payment service requires is missing from docker-compose.yml or deploy/k8s.
describeDeploymentConfiguration('payment', PaymentEnvironment);
