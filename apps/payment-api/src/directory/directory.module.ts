import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';

import { DirectoryController } from './directory.controller';

@Module({ imports: [PartnersModule], controllers: [DirectoryController] })
export class DirectoryModule {}
