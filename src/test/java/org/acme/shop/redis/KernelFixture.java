package org.acme.shop.redis;

import org.acme.shop.catalog.ProductView;

/** Breaks the kernel rule on purpose, for ArchitectureRulesTest: a class of the Redis kernel that names a feature. */
public class KernelFixture {

    ProductView feature;
}
