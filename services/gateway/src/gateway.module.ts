import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@fund-desk/platform';
import { DevLoginController } from './auth/dev-login.controller';
import { DEV_TOKEN_SIGNER, devTokenSignerOf } from './auth/dev-token-signer';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot({ config, database: false, kafka: false })],
      controllers: [DevLoginController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, { provide: DEV_TOKEN_SIGNER, useFactory: () => devTokenSignerOf(config) }],
    };
  }
}
