/** Plain-text tables, as {@code info} prints them. */
package dev.refold.internal.text;
