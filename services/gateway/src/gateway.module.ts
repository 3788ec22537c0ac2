import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { PlatformModule, Readiness } from '@fund-desk/platform';
import { DevLoginController } from './auth/dev-login.controller';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { routesOf } from './proxy/routes';

/** The gateway is ready when the services behind it are alive. */
@Injectable()
class UpstreamReadiness implements OnModuleInit {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    for (const route of routesOf(this.config)) {
      this.readiness.add({
        name: `upstream ${route.prefix}`,
        check: async () => {
          const response = await fetch(`${route.target}/health`, { signal: AbortSignal.timeout(1500) });
          if (!response.ok) throw new Error(`status ${response.status}`);
        },
      });
    }
  }
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot({ config, database: false, kafka: false })],
      controllers: [DevLoginController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, UpstreamReadiness],
    };
  }
}
