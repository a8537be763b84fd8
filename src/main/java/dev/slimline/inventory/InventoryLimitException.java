package dev.slimline.inventory;

/** A metadata file went past one of {@link InventoryLimits}: what was read of it so far is what there is. */
final class InventoryLimitException extends RuntimeException {

    InventoryLimitException(String message) {
        super(message);
    }
}
