import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@fund-desk/platform';
import { DEV_REGISTER_CONFIG, DevRegisterConfig } from './config/dev-register.config';
import { RegisterController } from './register/register.controller';
import { RegisterState } from './register/register.state';

@Module({})
export class AppModule {
  static forRoot(config: DevRegisterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, kafka: false, database: false })],
      controllers: [RegisterController],
      providers: [{ provide: DEV_REGISTER_CONFIG, useValue: config }, RegisterState],
    };
  }
}
