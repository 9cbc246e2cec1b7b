import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Table actions per access level (see `Route.access`); never a wildcard. */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  write: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:BatchGetItem',
    'dynamodb:DescribeTable',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const;

/** What a function may do: its table access, and whether it mails or pushes to live chat sockets. */
export interface RoleNeeds {
  access: keyof typeof TABLE_ACTIONS;
  sendsMail?: boolean;
  pushesLive?: boolean;
}

/**
 * The functions' execution roles, one per set of needs rather than one per
 * function: every function still gets exactly what its route-table entry
 * asks for (table access, mail, live sockets), and the stack stays far
 * under CloudFormation's 500 resources however many routes there are. A
 * function with needs no other shares (a stream consumer) gets its own.
 */
export class FunctionRoles extends Construct {
  private readonly roles = new Map<string, { role: Role; needs: RoleNeeds }>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: { table: ITable; masterKeys: ISecret; edgeKey: ISecret },
  ) {
    super(scope, id);
  }

  /** The role for these needs (`own`: a role of its own, named so). */
  for(needs: RoleNeeds, own?: string): Role {
    const key = own ?? [needs.access, needs.sendsMail ? 'Mail' : '', needs.pushesLive ? 'Live' : ''].join('');
    const known = this.roles.get(key);
    if (known) return known.role;
    const role = new Role(this, key.charAt(0).toUpperCase() + key.slice(1), {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    const { table, masterKeys, edgeKey } = this.props;
    role.addToPolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS[needs.access]], resources: [table.tableArn, `${table.tableArn}/index/*`] }));
    table.encryptionKey?.grantEncryptDecrypt(role);
    masterKeys.grantRead(role);
    edgeKey.grantRead(role);
    if (needs.sendsMail) {
      // Any verified identity of the account: which sender is set by PARLEY_MAIL_FROM.
      role.addToPolicy(
        new PolicyStatement({ actions: ['ses:SendEmail'], resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })] }),
      );
    }
    const tableId = Stack.of(this).getLogicalId(table.node.defaultChild as CfnResource);
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'Only lets the functions write their logs (CloudWatch Logs create/put); their one log group has a retention',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: "Queries the table's global secondary indexes, named in functions/lib/table-keys.ts; no other table is covered",
      },
      ...(needs.sendsMail
        ? [
            {
              id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
              reason: 'SES checks the sender against the verified identities of the account; the sender is fixed by PARLEY_MAIL_FROM',
            },
          ]
        : []),
      ...(table.encryptionKey
        ? ['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
            id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
            reason: "From grantEncryptDecrypt on the table's own customer-managed key, the one resource these actions apply to",
          }))
        : []),
    );
    this.roles.set(key, { role, needs });
    return role;
  }

  /** The roles of functions that push to live chat sockets (granted the Management API once it exists). */
  pushing(): Role[] {
    return [...this.roles.values()].filter((r) => r.needs.pushesLive).map((r) => r.role);
  }
}
