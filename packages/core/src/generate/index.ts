export { type BackoffOptions, backoffDelay } from './backoff.js'
export { Budget, type BudgetLimits } from './budget.js'
export { emptyReport, type FailedEntry, type RunReport, summarizeReport } from './report.js'
export { createScheduler, type RunOptions, type Scheduler, type SchedulerOptions } from './scheduler.js'
