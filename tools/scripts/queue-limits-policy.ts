/**
 * The work queues' length limits as a RabbitMQ policy, for a deployment whose queues were declared
 * before the limits existed (RabbitMQ refuses to redeclare a queue with new arguments; a policy sets
 * them on the running queues, nothing deleted). Reads SHELFLIFE_BUS_PREFIX, SHELFLIFE_QUEUE_MAX_LENGTH
 * and SHELFLIFE_QUEUE_MAX_BYTES like the services do.
 *
 *   npm run bus:limits                 prints the rabbitmqctl command and the management API request
 *   npm run bus:limits -- --apply      runs `rabbitmqctl set_policy` on this machine's broker
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { commonSettings, loadConfig } from '@shelflife/config';
import { queueLimitPolicy, queueLimitsFrom, setPolicyArgs, topology } from '@shelflife/bus';

const { values } = parseArgs({
  options: {
    apply: { type: 'boolean', default: false },
    vhost: { type: 'string', default: '/' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: npm run bus:limits -- [--apply] [--vhost /]\n  prints (or, with --apply, sets through rabbitmqctl) the policy that bounds the work queues',
  );
  process.exit(0);
}
const config = loadConfig(commonSettings);
const policy = queueLimitPolicy(topology(config.busPrefix), queueLimitsFrom(config));
const args = setPolicyArgs(policy, values.vhost);
if (values.apply) {
  execFileSync('rabbitmqctl', args, { stdio: 'inherit' });
  console.log(`policy ${policy.name} set: ${policy.pattern} -> ${JSON.stringify(policy.definition)}`);
} else {
  const quote = (arg: string) => (/^[\w./-]+$/.test(arg) ? arg : `'${arg}'`);
  console.log(`# with rabbitmqctl on a broker node:\nrabbitmqctl ${args.map(quote).join(' ')}\n`);
  console.log(
    `# or through the management API:\ncurl -u USER -X PUT -H 'content-type: application/json' http://BROKER:15672/api/policies/${encodeURIComponent(values.vhost!)}/${policy.name} \\\n  -d '${JSON.stringify({ pattern: policy.pattern, 'apply-to': policy.applyTo, priority: policy.priority, definition: policy.definition })}'`,
  );
}
