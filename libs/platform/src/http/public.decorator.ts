import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'cartable:public-route';

/**
 * Marks a route anyone may call (health, metrics, public pages, the directory). Every other route must
 * declare the permission it needs: the access guard denies routes that declare neither.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
