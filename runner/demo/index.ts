export { DEMO_EXPERIMENTS, runDemo, type DemoOptions, type DemoResult, type DemoRun, type DemoSite } from './demo.ts';
