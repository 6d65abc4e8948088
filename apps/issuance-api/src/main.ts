import 'reflect-metadata';

import { runAppMain } from '@app/platform';

import { createIssuanceApp } from './issuance-api.app';

void runAppMain('issuance-api', createIssuanceApp);
