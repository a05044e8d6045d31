import { ackPathTable, runAckPath } from './ack-path.ts';
import { commandToCreateTable, runCommandToCreate } from './command-to-create.ts';
import { healthTickTable, runHealthTick } from './health-tick.ts';
import { memoryTable, runMemory } from './memory.ts';
import { RESULTS_FILE, writeSection } from './lib/results.ts';

/*
 * `npm run bench`: the four benchmarks in sequence (about 5 minutes on two cores), then
 * one summary. Benchmarks report PASS or MISS against their targets and never fail the
 * run: the exit code is non-zero only when a benchmark could not run at all.
 */
const started = Date.now();
const sections: string[] = [];

const ack = await runAckPath();
writeSection('ackPath', ack);
sections.push(ackPathTable(ack));
console.log(`\n${sections.at(-1)}\n`);

const create = await runCommandToCreate();
writeSection('commandToCreate', create);
sections.push(commandToCreateTable(create));
console.log(`\n${sections.at(-1)}\n`);

const healthTick = await runHealthTick();
writeSection('healthTick', healthTick);
sections.push(healthTickTable(healthTick));
console.log(`\n${sections.at(-1)}\n`);

const memory = await runMemory();
writeSection('memory', memory);
sections.push(memoryTable(memory));

console.log(`\n${'='.repeat(100)}\nSUMMARY (${Math.round((Date.now() - started) / 1000)} s; figures in ${RESULTS_FILE.pathname})\n${'='.repeat(100)}`);
console.log(sections.join(`\n\n`));
