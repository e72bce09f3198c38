import { describeDeploymentConfiguration } from '@app/testing';
import { VaultEnvironment } from '../vault-environment';

// Fails when a variable the vault service requires is missing from docker-compose.yml or deploy/k8s.
describeDeploymentConfiguration('vault', VaultEnvironment);
