//! One function over many items on every core (at most 8 threads), results in item order so output stays
//! deterministic. A panic on an item is caught and answered by `lost(item)`: the item fails, it is never dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};

pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync, lost: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len().max(1));
    let share = |t: usize| (t..items.len()).step_by(threads);
    let one = |i: usize| catch_unwind(AssertUnwindSafe(|| f(&items[i]))).unwrap_or_else(|_| lost(&items[i]));
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let one = &one;
                scope.spawn(move || share(t).map(|i| (i, one(i))).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .enumerate()
            .flat_map(|(t, worker)| {
                worker
                    .join()
                    .unwrap_or_else(|_| share(t).map(|i| (i, lost(&items[i]))).collect())
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn a_panic_fails_its_item_and_keeps_the_others_in_order() {
        let items: Vec<u32> = (0..20).collect();
        let out = map(
            &items,
            |&i| {
                assert_ne!(i, 7, "boom");
                i * 2
            },
            |&i| 1000 + i,
        );
        let mut expected: Vec<u32> = (0..20).map(|i| i * 2).collect();
        expected[7] = 1007;
        assert_eq!(out, expected);
    }
}
