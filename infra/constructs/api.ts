import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  AUTHORIZER,
  type FunctionName,
  ROUTES,
  type RouteDefinition,
  routeKey,
} from '../definition.js';
import { DefinitionWiringError } from '../stacks/errors.js';
import type { DwollaFunctions } from './functions.js';
import { acknowledgeNag } from './nag.js';
import { pascal } from './names.js';

/** The function behind every `auth: 'apiKey'` route's authorizer. */
export const AUTHORIZER_FUNCTION: FunctionName = 'authorizer';

/** How long access logs and function logs are kept (an audit trail of who did what). */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Steady-state and burst request limits of the HTTP API's default stage. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** Props of {@link DwollaApi}. */
export interface DwollaApiProps {
  /** The deployment stage, in the API's name and description. */
  readonly stage: string;
}

/**
 * The HTTP API: every route of `ROUTES` on its function, the API-key authorizer in front of the
 * `apiKey` routes, a `$default` stage with per-route throttling and JSON access logs.
 *
 * Built in `scope` itself, not under a construct of its own, so its resources keep the logical
 * ids the stack has always given them: a new `HttpApi` would be a new URL (the one registered
 * with Dwolla), and a route, stage or authorizer cannot be created again next to the old one.
 *
 * @example
 * ```ts
 * const api = new DwollaApi(this, { stage: 'sandbox' });
 * api.addRoutes(functions); // once the functions exist: they read the API's URL
 * ```
 */
export class DwollaApi {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, props: DwollaApiProps) {
    this.httpApi = new apigw.HttpApi(scope, 'HttpApi', {
      apiName: `dwolla-serverless-${props.stage}`,
      description: `dwolla-serverless API (${props.stage})`,
      createDefaultStage: false,
    });
    this.stage = createDefaultStage(scope, this.httpApi);
  }

  /**
   * The public URL Dwolla sends webhooks to.
   *
   * @example
   * ```ts
   * new CfnOutput(this, 'WebhookUrl', { value: api.webhookUrl() });
   * ```
   */
  webhookUrl(): string {
    return `${this.httpApi.apiEndpoint}${webhookRoute().path}`;
  }

  /**
   * Adds every route of `ROUTES` with its function's integration, the authorizer in front of
   * the `apiKey` routes, and each route's throttling on the stage.
   *
   * @example
   * ```ts
   * api.addRoutes(functions);
   * ```
   */
  addRoutes(functions: DwollaFunctions): void {
    const authorizer = new HttpLambdaAuthorizer(
      'ApiKeyAuthorizer',
      functions[AUTHORIZER_FUNCTION].function,
      {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [`$request.header.${AUTHORIZER.identityHeader}`],
        resultsCacheTtl: Duration.seconds(AUTHORIZER.resultsCacheTtlSeconds),
      },
    );
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    // `RouteSettings` is a JSON map in CloudFormation: CDK passes its keys through unchanged.
    const routeSettings: Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    > = {};
    const created: apigw.HttpRoute[] = [];
    for (const route of ROUTES as readonly RouteDefinition[]) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${pascal(route.function)}Integration`,
          functions[route.function].function,
        );
        integrations.set(route.function, integration);
      }
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer: route.auth === 'apiKey' ? authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (httpRoute) created.push(httpRoute);
      if (route.auth === 'public' && httpRoute) {
        acknowledgeNag(
          httpRoute,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is public by design (${publicReason(route.path)}).`,
        );
      }
      const throttle = route.throttle ?? API_THROTTLE;
      routeSettings[routeKey(route)] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
    }
    // Every route gets its own limits, so a flood on one public route is refused there (429)
    // and never takes the capacity of /webhooks/dwolla, whose failures Dwolla counts toward
    // pausing the subscription (https://developers.dwolla.com/guides/webhooks/process-validate).
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = routeSettings;
    for (const httpRoute of created) this.stage.node.addDependency(httpRoute);
  }
}

function createDefaultStage(scope: Construct, httpApi: apigw.HttpApi): apigw.HttpStage {
  const accessLogs = new logs.LogGroup(scope, 'ApiAccessLogs', {
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Context variables only: never a header, so an x-api-key never reaches the logs. The
  // tenant and key (id and name, from the authorizer) say who made each request.
  const format = AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      requestTime: '$context.requestTime',
      routeKey: '$context.routeKey',
      status: '$context.status',
      protocol: '$context.protocol',
      responseLength: '$context.responseLength',
      tenantId: '$context.authorizer.tenantId',
      keyId: '$context.authorizer.keyId',
      keyName: '$context.authorizer.keyName',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
    }),
  );
  return new apigw.HttpStage(scope, 'DefaultStage', {
    httpApi,
    stageName: '$default',
    autoDeploy: true,
    throttle: API_THROTTLE,
    accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs), format },
  });
}

/** The route Dwolla posts webhooks to. */
export function webhookRoute(): RouteDefinition {
  const route = ROUTES.find((candidate) => candidate.function === 'webhookIntake');
  if (!route) throw new DefinitionWiringError('no route reaches the webhookIntake function');
  return route;
}

function publicReason(path: string): string {
  if (path.startsWith('/webhooks/')) {
    return 'Dwolla cannot send an API key; every request is verified by its HMAC signature';
  }
  if (path.startsWith('/oauth/')) {
    return "the user's browser returns here from Dwolla; the single-use state authenticates it";
  }
  if (path === '/openapi.json') return 'the published description of the API, for every app';
  return 'a liveness probe that reveals nothing';
}
