import type { GatewayConfig } from '../config/gateway.config';

export interface Route {
  /** Path under /api/v1 this route serves. */
  prefix: string;
  /** The instances of the service that owns the path. */
  targets: string[];
  /** Reachable without a token (the development mailbox and SMS outbox only). */
  public?: boolean;
}

/** Which service answers which part of the public API. */
export function routesOf(config: GatewayConfig): Route[] {
  const routes: Route[] = [
    { prefix: '/applications', targets: config.APPLICATIONS_URL },
    { prefix: '/family-links', targets: config.APPLICATIONS_URL },
    { prefix: '/income-checks', targets: config.INCOME_CHECKS_URL },
    { prefix: '/funds', targets: config.FUND_ROUTING_URL },
    { prefix: '/me', targets: config.NOTIFICATIONS_URL },
    { prefix: '/notifications', targets: config.NOTIFICATIONS_URL },
    { prefix: '/municipalities', targets: config.UPTAKE_URL },
  ];
  if (config.NODE_ENV !== 'production' && config.MAIL_SINK_URL) {
    routes.push({ prefix: '/dev/mailbox', targets: [config.MAIL_SINK_URL], public: true });
    routes.push({ prefix: '/dev/sms', targets: [config.MAIL_SINK_URL], public: true });
  }
  return routes;
}

export function matchRoute(routes: Route[], path: string): Route | undefined {
  return routes.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`) || path.startsWith(`${r.prefix}?`));
}
