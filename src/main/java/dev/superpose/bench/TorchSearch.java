package dev.superpose.bench;

/**
 * Which of the PyTorch reference's settings (implementation × threads) each round of a side-by-side
 * comparison runs. Trying every setting is most of a round's time on the slow stacks (four
 * settings of TMS stack B took about 5 minutes a round on a 2-core machine), and which setting
 * wins depends on the machine rather than on the round.
 */
public enum TorchSearch {
    /** Every setting in round 1; later rounds run only round 1's best, the ratio taken against it. */
    FIRST_ROUND("first-round"),
    /** Every setting in every round, each round's ratio taken against that round's best. */
    EVERY_ROUND("every-round");

    private final String option;

    TorchSearch(String option) {
        this.option = option;
    }

    /** How the command line spells it. */
    public String option() {
        return option;
    }
}
