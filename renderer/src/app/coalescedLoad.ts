/** A list loader that never runs twice at once, and never misses a change announced mid-load. */
export interface CoalescedLoad {
  /** Loads; a call while a load runs asks for one more after it instead. */
  run(): Promise<void>;
  /** A change arrived: a load in flight may predate it, so it runs once more. */
  changed(): void;
}

/**
 * `once` loads the list and puts it in its store; it returns false to stop (the view is gone,
 * or the load failed and said so), true when done.
 */
export function coalescedLoad(once: () => Promise<boolean>): CoalescedLoad {
  let loading = false;
  let again = false;
  return {
    run: async () => {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      try {
        do {
          again = false;
          if (!(await once())) break;
        } while (again);
      } finally {
        loading = false;
      }
    },
    changed: () => {
      if (loading) again = true;
    },
  };
}
