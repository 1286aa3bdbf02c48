// The decider shape every aggregate follows: pure decide and evolve over an initial state.

export interface Decider<Command, Event, State> {
  initialState: State;
  /**
   * The version of the state shape `evolve` builds. Stored states (snapshots, docs/events.md
   * "Snapshots") carry it, and one made with another version is ignored and rebuilt from the
   * log. BUMP IT whenever `evolve`, the state type or an upcaster feeding this aggregate's
   * events changes what a folded state looks like; forgetting it lets an old snapshot be read
   * as if the new code had made it.
   */
  stateVersion: number;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}
