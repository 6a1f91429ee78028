import { describeItemFilterProperty } from './item-filter-property.js';

describeItemFilterProperty('sqlite');
