import 'reflect-metadata';

import { runAppMain } from '@app/platform';

import { createPaymentApp } from './payment-api.app';

void runAppMain('payment-api', createPaymentApp);
