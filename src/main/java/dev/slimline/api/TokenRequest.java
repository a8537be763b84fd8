package dev.slimline.api;

import dev.slimline.auth.Role;
import dev.slimline.auth.TokenStore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/v1/tokens}.
 *
 * @param name who the token stands for; its jobs belong to this name
 */
record TokenRequest(
        @NotBlank @Pattern(regexp = TokenStore.NAME_PATTERN,
                message = "must be 1 to 128 letters, digits and . _ @ -, starting with a letter or digit") String name,
        @NotEmpty @Size(max = 3) List<@NotNull Role> roles) {
}
