// npm run bench:floor: what the stack alone does on this machine, with none of our code in the
// request: the same load as bench:http against servers that do less and less of what a submission
// needs (the stages are described in floor.ts). It tells how far any submit route built on it
// could go here. bench:http measures `+ags` and `launch` itself, in the same run as its phases.
//
//   STAGES=express,express+find   only those; CONCURRENCY=200; REQUESTS=8000 timed, after WARMUP
//                                 (default REQUESTS) untimed.
//   launch: LAUNCH_CONCURRENCY=20 launches in a closed loop, LAUNCHES=600 (after 100 warm-up).
//   SERVER_NODE_OPTIONS, PROFILE_DIR: V8 flags and --cpu-prof for the servers, as in bench:http.
import {
  FLOOR_STAGES,
  launchFloorLine,
  measureLaunchFloor,
  measureSubmitFloor,
  submitFloorLine,
  type FloorStage,
} from './floor.ts';

const concurrency = Number(process.env.CONCURRENCY ?? 200);
const requests = Number(process.env.REQUESTS ?? 8_000);
const warmup = Number(process.env.WARMUP ?? requests);
const stages = (process.env.STAGES?.split(',') ?? FLOOR_STAGES) as FloorStage[];
console.log(
  `${concurrency} concurrent clients, closed loop, kept-alive connections, ${requests} timed requests after ${warmup} warm-up`,
);
for (const stage of stages) {
  if (stage === 'launch') {
    const lanes = Number(process.env.LAUNCH_CONCURRENCY ?? 20);
    const launches = Number(process.env.LAUNCHES ?? 600);
    console.log(launchFloorLine(await measureLaunchFloor({ lanes, launches })));
  } else console.log(submitFloorLine(await measureSubmitFloor(stage, { concurrency, requests, warmup })));
}
