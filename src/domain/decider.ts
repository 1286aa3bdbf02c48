// The decider shape every aggregate follows: pure decide and evolve over an initial state.

export interface Decider<Command, Event, State> {
  initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}
