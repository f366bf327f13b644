//! Independent work spread over the machine's cores: parsing and compiling
//! a chart's templates, rendering a snapshot matrix. Helm itself keeps more
//! than one core busy; a renderer that uses one leaves half of a CI runner
//! idle.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack for each worker: the engine recurses, so workers get what the
/// main thread has.
const WORKER_STACK: usize = 8 << 20;

/// The number of workers worth starting for `items` pieces of work.
pub fn jobs_for(items: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(items).max(1)
}

/// `work` applied to every item, on up to `jobs` threads (the caller's among
/// them); the results come back in item order, so what runs first never
/// shows. Items are handed out one at a time: their costs vary widely.
pub fn map<T: Sync, R: Send>(items: &[T], jobs: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let drain = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = work(item);
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
        }
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = (1..jobs)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, drain)
                    .expect("spawning a worker thread")
            })
            .collect();
        drain();
        for w in workers {
            w.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was worked on")
        })
        .collect()
}
